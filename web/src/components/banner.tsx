// The connection banner: shown whenever the page is not connected, with a way to retry at once.
import type { ConnectionView } from '../chat/model.js';
import { useNow } from '../hooks.js';

/** Nothing while connected; otherwise what is happening and when the next try is. */
export function Banner(props: { connection: ConnectionView; queued: number; onRetry(): void }) {
  const { state, everConnected, retryAt } = props.connection;
  const now = useNow(state === 'disconnected');
  if (state === 'connected') return null;
  if (state === 'closed') {
    return (
      <div class="banner closed" role="alert">
        <span>Disconnected from the server.</span>
        <button type="button" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    );
  }
  const waiting =
    props.queued > 0 ? ` ${props.queued} message${props.queued === 1 ? '' : 's'} will be sent.` : '';
  const seconds = retryAt !== undefined ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;
  const text = !everConnected
    ? 'Connecting to the server…'
    : state === 'connecting' || seconds === 0
      ? `Connection lost. Reconnecting…${waiting}`
      : `Connection lost. Reconnecting in ${seconds} s…${waiting}`;
  return (
    <div class="banner" role="status" data-state={state}>
      <span>{text}</span>
      {state === 'disconnected' && (
        <button type="button" onClick={props.onRetry}>
          Retry now
        </button>
      )}
    </div>
  );
}
