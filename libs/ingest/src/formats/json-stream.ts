import { StringDecoder } from 'node:string_decoder';
import { MAX_JSON_ITEM_CHARS, mb } from './limits.js';

/** One top-level JSON value (or array element) as text, with where it starts. */
export interface JsonItem {
  text: string;
  line: number;
  /** RFC 6901 pointer prefix of the value: "/3" for the 4th array element, "" otherwise. */
  base: string;
}

export type JsonSplitEvent = { kind: 'item'; item: JsonItem } | { kind: 'error'; line: number; base: string; field: string; reason: string };

const WS = new Set([0x20, 0x09, 0x0a, 0x0d, 0xfeff]);

/**
 * Splits a stream into JSON values without holding the whole file: a single document, a JSON
 * array (each element separately) or JSON Lines / concatenated JSON. Only the value being read is
 * in memory. A value cut off by the end of the file is reported with the line it started on.
 */
export async function* splitJson(source: AsyncIterable<Buffer | string>, maxItemChars = MAX_JSON_ITEM_CHARS): AsyncGenerator<JsonSplitEvent> {
  const decoder = new StringDecoder('utf8');
  let mode: 'start' | 'array' | 'seq' | 'end' = 'start';
  let depth = 0;
  let inStr = false;
  let esc = false;
  let collecting = false;
  let parts: string[] = [];
  let itemLine = 0;
  let index = 0;
  let line = 1;
  let expectValue = true;
  // a value over maxItemChars is reported once and then only scanned (not kept) to its end
  let collected = 0;
  let discarding = false;
  const base = () => (mode === 'array' ? `/${index}` : '');
  const tooBig = (): JsonSplitEvent => ({
    kind: 'error',
    line: itemLine,
    base: base(),
    field: '(document)',
    reason: `the JSON value starting on line ${itemLine} is larger than ${mb(maxItemChars)}; skipped`,
  });

  for await (const chunk of source) {
    const s = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let segStart = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x0a) line++;
      if (collecting) {
        if (inStr) {
          if (esc) esc = false;
          else if (c === 0x5c) esc = true;
          else if (c === 0x22) inStr = false;
          continue;
        }
        if (c === 0x22) inStr = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          depth--;
          if (depth === 0) {
            if (discarding) discarding = false;
            else if (collected + (i + 1 - segStart) > maxItemChars) yield tooBig();
            else {
              parts.push(s.slice(segStart, i + 1));
              yield { kind: 'item', item: { text: parts.join(''), line: itemLine, base: base() } };
            }
            parts = [];
            collected = 0;
            collecting = false;
            if (mode === 'array') {
              index++;
              expectValue = false;
            }
          }
        }
        continue;
      }
      if (WS.has(c)) continue;
      if (mode === 'start') {
        if (c === 0x5b) {
          mode = 'array';
          expectValue = true;
          continue;
        }
        mode = 'seq';
      }
      if (mode === 'end') {
        yield { kind: 'error', line, base: '', field: '(document)', reason: 'unexpected content after the closing "]" of the array' };
        return;
      }
      if (mode === 'array') {
        if (c === 0x5d) {
          mode = 'end';
          continue;
        }
        if (c === 0x2c && !expectValue) {
          expectValue = true;
          continue;
        }
        if ((c === 0x7b || c === 0x5b) && expectValue) {
          collecting = true;
          depth = 1;
          itemLine = line;
          segStart = i;
          continue;
        }
        yield { kind: 'error', line, base: `/${index}`, field: '(document)', reason: `expected ${expectValue ? 'a JSON object' : '"," or "]"'} but found "${s[i]}"` };
        return;
      }
      // JSON Lines / a single document
      if (c === 0x7b || c === 0x5b) {
        collecting = true;
        depth = 1;
        itemLine = line;
        segStart = i;
        continue;
      }
      yield { kind: 'error', line, base: '', field: '(document)', reason: `expected a JSON object but found "${s[i]}" (not JSON, or a value outside any object)` };
      return;
    }
    if (collecting && !discarding) {
      collected += s.length - segStart;
      if (collected > maxItemChars) {
        yield tooBig();
        discarding = true;
        parts = [];
      } else parts.push(s.slice(segStart));
    }
  }
  if (collecting && discarding) {
    // already reported as too large
  } else if (collecting) {
    yield { kind: 'error', line: itemLine, base: base(), field: '(document)', reason: `unexpected end of file: the JSON value starting on line ${itemLine} is incomplete (truncated file?)` };
  } else if (mode === 'array') {
    yield { kind: 'error', line, base: '', field: '(document)', reason: 'unexpected end of file: the JSON array is not closed with "]" (truncated file?)' };
  } else if (mode === 'start') {
    yield { kind: 'error', line: 1, base: '', field: '(document)', reason: 'the file is empty' };
  }
}

/** No credential or posting format nests this deep; deeper documents are refused before the recursive walkers see them. */
export const MAX_JSON_DEPTH = 64;

/** True when the JSON text opens more than MAX_JSON_DEPTH arrays/objects at once (strings skipped). */
export function jsonTooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** JSON.parse with the error placed on a line of the file. */
export function parseJsonItem(item: JsonItem): { ok: true; value: unknown } | { ok: false; line: number; reason: string } {
  if (jsonTooDeep(item.text)) return { ok: false, line: item.line, reason: `invalid JSON: nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { ok: true, value: JSON.parse(item.text) };
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const pos = m ? Number(m[1]) : 0;
    let extra = 0;
    for (let i = 0; i < pos && i < item.text.length; i++) if (item.text.charCodeAt(i) === 10) extra++;
    return { ok: false, line: item.line + extra, reason: `invalid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}` };
  }
}
