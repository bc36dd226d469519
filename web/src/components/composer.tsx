// The message box: Enter sends, Shift+Enter starts a new line; it grows with its text. It works offline too: what
// is sent then waits in the SDK's queue and goes out once the connection is back.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/** The composer of one conversation; the draft lives with the caller so that it survives switching. */
export function Composer(props: {
  label: string;
  draft: string;
  maxChars: number;
  onDraft(text: string): void;
  onSend(text: string): void;
}) {
  const [text, setText] = useState(props.draft);
  const [problem, setProblem] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);

  useLayoutEffect(() => {
    // Grow to fit the text (the stylesheet caps the height); set through the CSSOM, which the CSP allows.
    const el = ref.current!;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [text]);

  useLayoutEffect(() => {
    // Focus for keyboards and mice (at once, so that typing right after switching lands here), but not on touch
    // screens, where it would pop up the keyboard.
    if (matchMedia('(pointer: fine)').matches) ref.current!.focus();
  }, []);

  const send = (): void => {
    // Trailing blank lines are a slip of the Enter key; leading spaces may be indentation and stay.
    const message = text.replace(/\s+$/u, '');
    if (message.trim() === '') return;
    if (message.length > props.maxChars) {
      setProblem(`That is ${message.length} characters; the server takes ${props.maxChars} at most.`);
      return;
    }
    setProblem(null);
    props.onSend(message);
    setText('');
    props.onDraft('');
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div class="composer-box">
        <textarea
          ref={ref}
          rows={1}
          value={text}
          placeholder={`Message ${props.label}`}
          aria-label={`Message ${props.label}`}
          aria-describedby="composer-hint"
          onInput={(event) => {
            setText(event.currentTarget.value);
            props.onDraft(event.currentTarget.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              send();
            }
          }}
        />
        <div
          id="composer-hint"
          class={problem ? 'hint error-text' : 'hint'}
          role={problem ? 'alert' : undefined}
        >
          {problem ?? 'Enter to send, Shift+Enter for a new line'}
        </div>
      </div>
      <button class="primary" type="submit">
        Send
      </button>
    </form>
  );
}
