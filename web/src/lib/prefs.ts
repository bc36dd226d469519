// What the page remembers between visits (nick, rooms, the open conversation), in localStorage. Storage can be
// disabled or full (private windows, quotas): every access is allowed to fail, and the page works without it.

const PREFIX = 'parley.';

function read(name: string): string | null {
  try {
    return localStorage.getItem(PREFIX + name);
  } catch {
    return null;
  }
}

function write(name: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(PREFIX + name);
    else localStorage.setItem(PREFIX + name, value);
  } catch {
    // Not remembered this time; nothing else depends on it.
  }
}

/** The nick chosen last time, if any. */
export function savedNick(): string | null {
  return read('nick');
}

/** Remember the nick (null forgets it). */
export function saveNick(nick: string | null): void {
  write('nick', nick);
}

/** The rooms that were open last time, in sidebar order. */
export function savedRooms(): string[] {
  try {
    const value: unknown = JSON.parse(read('rooms') ?? '[]');
    return Array.isArray(value) ? value.filter((room): room is string => typeof room === 'string') : [];
  } catch {
    return [];
  }
}

/** Remember the open rooms. */
export function saveRooms(rooms: string[]): void {
  write('rooms', JSON.stringify(rooms));
}

/** The conversation that was open last time, as a key (see chat/targets.ts). */
export function savedTarget(): string | null {
  return read('target');
}

/** Remember the open conversation. */
export function saveTarget(key: string): void {
  write('target', key);
}
