// Who is in the open room (or the person of a direct conversation), with presence; a click opens a direct chat.
import type { Conversation } from '../chat/conversation.js';
import { nickColourClass } from '../lib/nick-color.js';
import { foldNick } from '../../../src/protocol/index.js';

/** The members column. */
export function Members(props: {
  conversation: Conversation;
  nick: string;
  isOnline(nick: string): boolean;
  onOpenDirect(nick: string): void;
}) {
  const c = props.conversation;
  const me = foldNick(props.nick);
  const people = c.target.kind === 'room' ? c.members : [c.target.nick];
  const heading = c.target.kind === 'room' ? `Members — ${people.length + c.unlisted}` : 'Conversation with';
  return (
    <aside class="members" aria-label="Members">
      <h2>{heading}</h2>
      {c.target.kind === 'room' && !c.joined && <p class="history-edge">Reconnecting…</p>}
      <ul class="nav-list">
        {people.map((nick) => {
          const self = foldNick(nick) === me;
          const online = c.target.kind === 'room' ? c.joined : props.isOnline(nick);
          return (
            <li key={nick} data-member={nick}>
              <button
                type="button"
                disabled={self}
                title={self ? 'You' : `Send ${nick} a direct message`}
                onClick={() => props.onOpenDirect(nick)}
              >
                <span class={online ? 'presence' : 'presence offline'} aria-hidden="true" />
                <span class={nickColourClass(nick)}>{nick}</span>
                <span class="visually-hidden">{online ? ', online' : ', presence unknown'}</span>
                {self && <span class="me-nick"> (you)</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {c.target.kind === 'room' && c.unlisted > 0 && (
        <p class="history-edge">…and {c.unlisted} more not listed: the room is too big to list whole.</p>
      )}
    </aside>
  );
}
