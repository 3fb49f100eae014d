const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const dateOnly = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * "just now", "5 minutes ago", "yesterday", "3 days ago"; older than four weeks: the date. The page
 * script refreshes these in place with the same thresholds (assets/pages.js).
 */
export function formatRelativeTime(at: number, now: number): string {
  const elapsed = Math.max(0, now - at);
  if (elapsed < 45 * second) return 'just now';
  if (elapsed < hour) return relative.format(-Math.max(1, Math.round(elapsed / minute)), 'minute');
  if (elapsed < day) return relative.format(-Math.round(elapsed / hour), 'hour');
  if (elapsed < 28 * day) return relative.format(-Math.round(elapsed / day), 'day');
  return `on ${dateOnly.format(at)}`;
}

/** "Mar 3, 2026, 2:05 PM UTC": the exact time, shown as a tooltip next to a relative one. */
export function formatAbsoluteTime(at: number): string {
  return `${absolute.format(at)} UTC`;
}
