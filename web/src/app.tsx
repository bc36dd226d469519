// The page: choose a nick (remembered), then chat. A remembered nick signs in at once; if the server still holds it
// for the connection this page had before a reload, it is tried again a few times before asking.
import { useEffect, useState } from 'preact/hooks';
import { ParleyError } from '../../src/client/index.js';
import { ChatModel, describeError, serverUrl } from './chat/model.js';
import { ChatScreen } from './components/chat-screen.js';
import { NickForm } from './components/nick-form.js';
import { savedNick, savedRooms, savedTarget, saveNick, saveRooms } from './lib/prefs.js';

/** Tries of a remembered nick that the server says is in use (the previous page's connection may linger). */
const AUTO_TRIES = 4;
const AUTO_RETRY_MS = 750;

/** The whole page. */
export function App() {
  const [model, setModel] = useState<ChatModel | null>(null);
  const [error, setError] = useState<string | null>(null);

  const signIn = (nick: string, tries: number): void => {
    const next = new ChatModel(nick, serverUrl(location));
    setModel(next);
    setError(null);
    next.start(savedRooms(), savedTarget()).then(
      () => saveNick(next.nick),
      (failure: unknown) => {
        void next.stop();
        const inUse = failure instanceof ParleyError && failure.code === 'nick_in_use';
        if (inUse && tries > 1) {
          setTimeout(() => signIn(nick, tries - 1), AUTO_RETRY_MS);
          return;
        }
        setModel(null);
        setError(describeError(failure));
      },
    );
  };

  useEffect(() => {
    const nick = savedNick();
    if (nick) signIn(nick, AUTO_TRIES);
  }, []);

  useEffect(() => {
    if (!model) return;
    // Closing the page says goodbye, so that the nick is free at once for the next page (a reload).
    const bye = (): void => void model.stop();
    // A page restored from the back-forward cache has said goodbye already: start it afresh.
    const back = (event: PageTransitionEvent): void => {
      if (event.persisted) location.reload();
    };
    addEventListener('pagehide', bye);
    addEventListener('pageshow', back);
    return () => {
      removeEventListener('pagehide', bye);
      removeEventListener('pageshow', back);
    };
  }, [model]);

  if (!model)
    return <NickForm initial={savedNick() ?? ''} error={error} onSubmit={(nick) => signIn(nick, 1)} />;
  const signOut = (): void => {
    void model.stop();
    saveNick(null);
    saveRooms([]);
    setModel(null);
  };
  return <ChatScreen model={model} onSignOut={signOut} />;
}
