// The server's rooms, with their member counts and topics; one click joins.
import { useEffect, useState } from 'preact/hooks';
import type { ChatClient, RoomSummary } from '../../../src/client/index.js';
import { describeError } from '../chat/model.js';
import { roomKey } from '../chat/targets.js';

/** The most rooms the browser lists: the server gives its list in pages, and a huge list helps nobody. */
const SHOWN_MAX = 1000;

/** The list of existing rooms, fetched when shown. */
export function RoomBrowser(props: { client: ChatClient; joined: string[]; onJoin(room: string): void }) {
  const [rooms, setRooms] = useState<RoomSummary[] | null>(null);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    // One more than shown, to know whether to say that more exist.
    props.client.listRooms(SHOWN_MAX + 1).then(
      (list) => {
        if (!current) return;
        setMore(list.length > SHOWN_MAX);
        const shown = list.slice(0, SHOWN_MAX);
        setRooms(shown.sort((a, b) => b.members - a.members || a.room.localeCompare(b.room)));
      },
      (error: unknown) => current && setProblem(describeError(error)),
    );
    return () => {
      current = false;
    };
  }, [props.client, tick]);
  return (
    <section class="room-browser" aria-label="Rooms on this server">
      {problem && <p class="error-text">{problem}</p>}
      {!rooms && !problem && <p class="history-edge">Loading…</p>}
      {rooms && rooms.length === 0 && <p class="history-edge">No rooms yet: create one above.</p>}
      {rooms && (
        <ul>
          {rooms.map((r) => (
            <li key={r.room}>
              <button type="button" onClick={() => props.onJoin(r.room)} data-room={r.room}>
                <span>
                  {r.room.startsWith('#') ? r.room : `#${r.room}`}
                  {props.joined.includes(roomKey(r.room)) ? ' (joined)' : ''}
                </span>
                <span class="count">
                  {r.members} member{r.members === 1 ? '' : 's'}
                </span>
                {r.topic && <span class="topic">{r.topic}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {rooms && more && (
        <p class="history-edge">
          Only the first {SHOWN_MAX} rooms by name are listed; type a room's name above to join another.
        </p>
      )}
      <button
        type="button"
        onClick={() => {
          setProblem(null);
          setTick((t) => t + 1);
        }}
      >
        Refresh
      </button>
    </section>
  );
}
