// The web client's entry: mount the app.
import { render } from 'preact';
import { App } from './app.js';

render(<App />, document.getElementById('app')!);
