// Small inline icons in the text colour (emoji fonts are not everywhere; these need no file and no font).

/** Three lines: the menu of rooms and conversations. */
export function MenuIcon() {
  return (
    <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" fill="currentColor">
      <rect x="2" y="4" width="16" height="2" rx="1" />
      <rect x="2" y="9" width="16" height="2" rx="1" />
      <rect x="2" y="14" width="16" height="2" rx="1" />
    </svg>
  );
}

/** Two people: the member list. */
export function MembersIcon() {
  return (
    <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" fill="currentColor">
      <circle cx="7.5" cy="6.5" r="3" />
      <path d="M1.5 16.5c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5z" />
      <circle cx="14" cy="7" r="2.4" opacity="0.7" />
      <path d="M14.5 11c2.6.2 4.3 2.2 4.3 5.5h-3.6c0-2.2-.6-4-1.9-5.4z" opacity="0.7" />
    </svg>
  );
}
