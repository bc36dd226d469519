#!/usr/bin/env node
// The `parley` command: serve, chat, bench.
import { Command } from 'commander';
import { SERVER_NAME } from '../server/welcome.js';
import { registerChat } from './chat.js';
import { registerServe } from './serve.js';

const program = new Command('parley')
  .description('a self-hosted chat server and its clients')
  .version(SERVER_NAME.split('/')[1] ?? '0.0.0');
registerServe(program);
registerChat(program);
await program.parseAsync(process.argv);
