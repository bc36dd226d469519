// The signed-in screen: banner, sidebar, conversation, members. On narrow windows the sidebar and the members are
// panels that slide over the conversation; Alt+Up/Down moves between conversations, Escape closes a panel.
import { useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_LIMITS } from '../../../src/protocol/index.js';
import type { ChatModel } from '../chat/model.js';
import { targetLabel } from '../chat/targets.js';
import { useStore } from '../hooks.js';
import { Banner } from './banner.js';
import { Composer } from './composer.js';
import { MenuIcon } from './icons.js';
import { ConversationHeader } from './conversation-header.js';
import { Members } from './members.js';
import { MessageList } from './message-list.js';
import { Sidebar } from './sidebar.js';

type Panel = 'none' | 'sidebar' | 'members';

/** Everything after the nick screen. */
export function ChatScreen(props: { model: ChatModel; onSignOut(): void }) {
  const { model } = props;
  useStore(model);
  const [panel, setPanel] = useState<Panel>('none');
  const drafts = useRef(new Map<string, string>());
  const c = model.current;
  const limits = model.client.limits ?? DEFAULT_LIMITS;
  const unread = model.totalUnread;

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) parley` : 'parley';
  }, [unread]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') setPanel('none');
      if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        const order = [...model.rooms, ...model.dms];
        if (order.length === 0) return;
        event.preventDefault();
        const at = model.selected === null ? -1 : order.indexOf(model.selected);
        const step = event.key === 'ArrowUp' ? -1 : 1;
        model.select(order[(at + step + order.length) % order.length]!);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [model]);

  useEffect(() => {
    // Back online, or back to the tab: try now rather than at the end of the backoff delay.
    const now = (): void => model.client.reconnectNow();
    const visible = (): void => {
      if (document.visibilityState === 'visible') now();
    };
    addEventListener('online', now);
    document.addEventListener('visibilitychange', visible);
    return () => {
      removeEventListener('online', now);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [model]);

  const connected = model.connection.state === 'connected';
  const toggle = (which: Panel): void => setPanel((p) => (p === which ? 'none' : which));
  const panelClass = panel === 'none' ? '' : ` ${panel}-open`;
  return (
    <div class={`chat${panelClass}`} data-connection={model.connection.state}>
      <Banner
        connection={model.connection}
        queued={model.client.queued}
        onRetry={() => model.client.reconnectNow()}
      />
      <Sidebar model={model} onNavigate={() => setPanel('none')} onSignOut={props.onSignOut} />
      <main class="main" aria-label={c ? targetLabel(c.target) : 'Conversation'}>
        {c ? (
          <>
            <ConversationHeader
              conversation={c}
              maxTopicChars={limits.maxTopicChars}
              online={c.target.kind === 'dm' && model.isOnline(c.target.nick)}
              onMenu={() => toggle('sidebar')}
              onMembers={() => toggle('members')}
              onClose={() => model.close(c.key)}
              onSetTopic={(topic) => model.setTopic(topic)}
            />
            <MessageList
              key={`list:${c.key}`}
              conversation={c}
              connected={connected}
              onLoadOlder={() => model.loadOlder(c.key)}
              onRetry={(localId, again) => model.retry(c.key, localId, again)}
            />
            <Composer
              key={`composer:${c.key}`}
              label={targetLabel(c.target)}
              draft={drafts.current.get(c.key) ?? ''}
              maxChars={limits.maxMessageChars}
              onDraft={(text) => drafts.current.set(c.key, text)}
              onSend={(text) => model.send(text)}
            />
          </>
        ) : (
          <div class="empty">
            <button
              type="button"
              class="icon menu-button"
              aria-label="Rooms"
              onClick={() => toggle('sidebar')}
            >
              <MenuIcon />
            </button>
            <p>You are in no room. Join or create one from the list of rooms.</p>
          </div>
        )}
      </main>
      {c && (
        <Members
          conversation={c}
          nick={model.nick}
          isOnline={(nick) => model.isOnline(nick)}
          onOpenDirect={(nick) => {
            setPanel('none');
            model.openDirect(nick);
          }}
        />
      )}
      <div class="scrim" onClick={() => setPanel('none')} />
    </div>
  );
}
