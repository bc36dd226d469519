// Dates and times as people read them, in their own locale.

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const dayWithYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', day: 'numeric' });

/** Hours and minutes, as shown beside a message. */
export function formatTime(ts: number): string {
  return time.format(ts);
}

/** The full date and time, for a tooltip. */
export function formatFull(ts: number): string {
  return full.format(ts);
}

/** Whether two times fall on the same local day. */
export function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/** A day separator's label: Today, Yesterday, a weekday and date, or a date with its year when not this year. */
export function formatDay(ts: number, now = Date.now()): string {
  if (sameDay(ts, now)) return 'Today';
  if (sameDay(ts, now - 86_400_000)) return 'Yesterday';
  return new Date(ts).getFullYear() === new Date(now).getFullYear() ? day.format(ts) : dayWithYear.format(ts);
}
