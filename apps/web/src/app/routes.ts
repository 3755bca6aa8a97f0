/** Every view of the dashboard, in navigation order. */
export const NAV = [
  { to: '/', label: 'Overview' },
  { to: '/recognition', label: 'Employer recognition' },
  { to: '/skill-gaps', label: 'Skill gaps' },
  { to: '/outcomes', label: 'Outcomes' },
  { to: '/programs', label: 'Program demand' },
  { to: '/equity', label: 'Equity' },
  { to: '/pathways', label: 'Pathways' },
  { to: '/saturation', label: 'Saturation' },
  { to: '/peers', label: 'Peers' },
  { to: '/regions', label: 'Regions' },
  { to: '/views', label: 'Saved views' },
  { to: '/board', label: 'Board' },
  { to: '/upload', label: 'Upload (admin)' },
  { to: '/admin', label: 'Admin' },
] as const;
