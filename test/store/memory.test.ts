// MemoryStore against the shared Store contract.
import { MemoryStore } from '../../src/store/memory.js';
import { storeContract } from './contract.js';

storeContract('MemoryStore', (retention) => new MemoryStore(retention));
