import { z } from 'zod';
import { Timestamp } from './codes.js';

/** Dashboard paths a saved view can open: the views, the region and program reports, the peers view. */
export const SAVED_VIEW_PATH_PATTERN = /^\/(recognition|skill-gaps|outcomes|programs|equity|pathways|saturation|peers|reports\/region\/[A-Za-z0-9:_-]{1,40}|reports\/program\/\d{2}(\.\d{2}(\d{2})?)?)?$/;
/** URL parameters a saved view keeps: the filters and the view settings of the dashboard. */
export const SAVED_VIEW_QUERY_KEYS = ['region', 'from', 'to', 'naics', 'soc', 'cip', 'credential', 'skill', 'provider', 'granularity', 'groupBy', 'quarter', 'map', 'view', 'dimension', 'metric', 'peers'] as const;
export const SAVED_VIEW_MAX_NAME = 200;
export const SAVED_VIEW_MAX_NOTE = 2000;
export const SAVED_VIEW_MAX_QUERY = 2000;

/** Body of POST /api/saved-views and PUT /api/saved-views/:id. */
export const SavedViewInput = z
  .strictObject({
    name: z.string().trim().min(1, 'name must not be empty').max(SAVED_VIEW_MAX_NAME, `name is at most ${SAVED_VIEW_MAX_NAME} characters`),
    note: z.string().max(SAVED_VIEW_MAX_NOTE, `note is at most ${SAVED_VIEW_MAX_NOTE} characters`).nullable().optional(),
    path: z.string().regex(SAVED_VIEW_PATH_PATTERN, 'path must be a dashboard view such as "/recognition" or "/reports/region/state:06"').describe('The dashboard path, e.g. "/recognition".'),
    query: z
      .string()
      .max(SAVED_VIEW_MAX_QUERY, `query is at most ${SAVED_VIEW_MAX_QUERY} characters`)
      .default('')
      .describe(`The URL query without "?", e.g. "region=custom:3&from=2025-01"; only these keys: ${SAVED_VIEW_QUERY_KEYS.join(', ')}.`),
    shared: z.boolean().default(true).describe('Visible to every signed-in colleague (by its link and in their list); false: only to its owner.'),
    pinned: z.boolean().default(false).describe('Shown on the board home page (/board); a pinned view must be shared.'),
  })
  .meta({ id: 'SavedViewInput' });
export type SavedViewInput = z.input<typeof SavedViewInput>;

/** A named dashboard state (view + filters in the URL) with a note. */
export const SavedView = z
  .object({
    id: z.number().int(),
    name: z.string(),
    note: z.string().nullable(),
    path: z.string(),
    query: z.string(),
    url: z.string().describe('path?query: what the dashboard opens.'),
    link: z.string().describe('The share link, /views/<id>: opens the view for a signed-in colleague.'),
    owner: z.string().describe('Who saved it (user email or API key name).'),
    mine: z.boolean().describe('Saved by the one asking (who may edit and delete it; admins may too).'),
    shared: z.boolean(),
    pinned: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof SavedView>;
