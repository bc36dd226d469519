// The protocol's public surface: what server and clients share.
export * from './errors.js';
export * from './limits.js';
export * from './names.js';
export * from './plain-text.js';
export * from './frame.js';
export * from './json-depth.js';
export * from './events.js';
export * from './replies.js';
export * from './messages.js';
export * from './parse.js';
