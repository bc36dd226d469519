// The first screen: pick a nick.
import { useState } from 'preact/hooks';
import { DEFAULT_LIMITS, nickProblem } from '../../../src/protocol/index.js';

/** Asks for a nick, checking it as the server would before sending it. */
export function NickForm(props: { initial: string; error: string | null; onSubmit(nick: string): void }) {
  const [nick, setNick] = useState(props.initial);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: Event): void => {
    event.preventDefault();
    const wanted = nick.trim();
    const why = nickProblem(wanted, DEFAULT_LIMITS.maxNickChars);
    setProblem(why);
    if (!why) props.onSubmit(wanted);
  };
  const shown = problem ?? props.error;
  return (
    <div class="welcome">
      <form onSubmit={submit} aria-labelledby="welcome-title">
        <h1 id="welcome-title">parley</h1>
        <p>Pick a nickname to start chatting. It is remembered on this device.</p>
        <label for="nick">Nickname</label>
        <input
          id="nick"
          name="nick"
          autoFocus
          autoComplete="nickname"
          autoCapitalize="off"
          spellcheck={false}
          maxLength={DEFAULT_LIMITS.maxNickChars}
          value={nick}
          onInput={(e) => setNick(e.currentTarget.value)}
          aria-invalid={shown !== null}
          aria-describedby={shown ? 'nick-error' : undefined}
        />
        {shown && (
          <p id="nick-error" class="error-text" role="alert">
            {shown}
          </p>
        )}
        <button class="primary" type="submit">
          Start chatting
        </button>
      </form>
    </div>
  );
}
