// A message's text: always text nodes (never HTML), with http(s) links as anchors, and `/me` actions.
import { linkify } from '../lib/linkify.js';
import { nickColourClass } from '../lib/nick-color.js';

/** `/me waves` from alice reads `* alice waves` (docs/sdk.md: the protocol has no action message of its own). */
export function MessageBody(props: { from: string; text: string }) {
  if (!props.text.startsWith('/me ')) return <MessageText text={props.text} />;
  return (
    <span class="action">
      * <span class={nickColourClass(props.from)}>{props.from}</span>{' '}
      <MessageText text={props.text.slice(4)} />
    </span>
  );
}

/** Render message text safely: Preact sets text content, so markup in a message stays visible as typed. */
export function MessageText(props: { text: string }) {
  return (
    <>
      {linkify(props.text).map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {part.text}
          </a>
        ),
      )}
    </>
  );
}
