// The bar above the messages: the conversation's name, the room's topic (click to edit), and its actions.
import { useState } from 'preact/hooks';
import type { Conversation } from '../chat/conversation.js';
import { describeError } from '../chat/model.js';
import { targetLabel } from '../chat/targets.js';
import { MembersIcon, MenuIcon } from './icons.js';

/** The header of the open conversation. */
export function ConversationHeader(props: {
  conversation: Conversation;
  maxTopicChars: number;
  online: boolean;
  onMenu(): void;
  onMembers(): void;
  onClose(): void;
  onSetTopic(topic: string): Promise<void>;
}) {
  const c = props.conversation;
  const room = c.target.kind === 'room';
  return (
    <header class="conv-header">
      <button
        type="button"
        class="icon menu-button"
        aria-label="Rooms and conversations"
        onClick={props.onMenu}
      >
        <MenuIcon />
      </button>
      <h1>{targetLabel(c.target)}</h1>
      {room ? (
        <Topic key={c.key} topic={c.topic} maxChars={props.maxTopicChars} onSave={props.onSetTopic} />
      ) : (
        <span class="topic-view">{props.online ? 'online' : 'direct messages'}</span>
      )}
      <button type="button" class="icon members-button" aria-label="Members" onClick={props.onMembers}>
        <MembersIcon />
      </button>
      <button type="button" onClick={props.onClose}>
        {room ? 'Leave' : 'Close'}
      </button>
    </header>
  );
}

function Topic(props: { topic: string; maxChars: number; onSave(topic: string): Promise<void> }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (editing === null) {
    return (
      <button
        type="button"
        class="topic-view"
        title={props.topic ? `${props.topic} (click to change)` : 'Set a topic'}
        onClick={() => setEditing(props.topic)}
      >
        {props.topic || 'Set a topic'}
      </button>
    );
  }
  const save = (event: Event): void => {
    event.preventDefault();
    props.onSave(editing.trim()).then(
      () => setEditing(null),
      (error: unknown) => setProblem(describeError(error)),
    );
  };
  return (
    <form class="topic-form" onSubmit={save}>
      <input
        aria-label="Topic"
        autoFocus
        value={editing}
        maxLength={props.maxChars}
        onInput={(event) => setEditing(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setEditing(null);
        }}
      />
      <button type="submit">Save</button>
      {problem && (
        <span class="error-text" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
