// The sidebar: who you are, your rooms with unread counts, joining or creating a room, the server's rooms, and
// your direct conversations.
import { useState } from 'preact/hooks';
import { DEFAULT_LIMITS, roomProblem } from '../../../src/protocol/index.js';
import type { ChatModel } from '../chat/model.js';
import { targetLabel } from '../chat/targets.js';
import { nickColourClass } from '../lib/nick-color.js';
import { RoomBrowser } from './room-browser.js';

/** The conversations column (a drawer on narrow screens). */
export function Sidebar(props: { model: ChatModel; onNavigate(): void; onSignOut(): void }) {
  const { model } = props;
  const [browsing, setBrowsing] = useState(false);
  const open = (key: string): void => {
    model.select(key);
    props.onNavigate();
  };
  const join = (room: string): void => {
    model.join(room);
    props.onNavigate();
  };
  const item = (key: string) => {
    const c = model.conversations.get(key);
    if (!c) return null;
    const label = targetLabel(c.target);
    const selected = model.selected === key;
    const online = c.target.kind === 'dm' && model.isOnline(c.target.nick);
    return (
      <li
        key={key}
        class={`nav-item${selected ? ' selected' : ''}${c.unread > 0 ? ' unread' : ''}`}
        data-key={key}
      >
        <button
          type="button"
          class="target"
          aria-current={selected ? 'page' : undefined}
          onClick={() => open(key)}
        >
          {c.target.kind === 'dm' && (
            <span class={online ? 'presence' : 'presence offline'} aria-hidden="true" />
          )}
          <span class="name">{label}</span>
          {c.unread > 0 && (
            <span class="badge" aria-label={`${c.unread} unread`}>
              {c.unread > 99 ? '99+' : c.unread}
            </span>
          )}
        </button>
        <button
          type="button"
          class="icon"
          aria-label={c.target.kind === 'room' ? `Leave ${label}` : `Close ${label}`}
          title={c.target.kind === 'room' ? 'Leave' : 'Close'}
          onClick={() => model.close(key)}
        >
          ×
        </button>
      </li>
    );
  };
  return (
    <aside class="sidebar" aria-label="Conversations">
      <div class="me">
        <span class="brand">parley</span>
        <button
          type="button"
          class="sign-out"
          title="Forget this nickname on this device"
          onClick={props.onSignOut}
        >
          Sign out
        </button>
      </div>
      <div class="me">
        <span class={`me-nick ${nickColourClass(model.nick)}`} title="Your nickname">
          {model.nick}
        </span>
      </div>
      <h2 id="rooms-heading">Rooms</h2>
      <ul class="nav-list" aria-labelledby="rooms-heading">
        {model.rooms.map(item)}
      </ul>
      <JoinForm maxChars={model.client.limits?.maxRoomChars ?? DEFAULT_LIMITS.maxRoomChars} onJoin={join} />
      <button type="button" class="secondary" aria-expanded={browsing} onClick={() => setBrowsing((b) => !b)}>
        {browsing ? 'Hide room list' : 'Browse rooms'}
      </button>
      {browsing && <RoomBrowser client={model.client} joined={model.rooms} onJoin={join} />}
      <h2 id="dms-heading">Direct messages</h2>
      {model.dms.length === 0 ? (
        <p class="history-edge">Click a member to message them directly.</p>
      ) : (
        <ul class="nav-list" aria-labelledby="dms-heading">
          {model.dms.map(item)}
        </ul>
      )}
    </aside>
  );
}

function JoinForm(props: { maxChars: number; onJoin(room: string): void }) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <form
        class="join-form"
        onSubmit={(event) => {
          event.preventDefault();
          const room = name.trim();
          const why = roomProblem(room, props.maxChars);
          setProblem(why);
          if (why) return;
          props.onJoin(room);
          setName('');
        }}
      >
        <input
          aria-label="Join or create a room"
          placeholder="Join or create a room"
          autoCapitalize="off"
          spellcheck={false}
          value={name}
          maxLength={props.maxChars}
          onInput={(event) => setName(event.currentTarget.value)}
        />
        <button type="submit">Join</button>
      </form>
      {problem && (
        <p class="error-text join-error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
