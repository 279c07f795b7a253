// The workplace's shared inputs the tests read (Snowball vectors, the 18F methods), kept in the
// repository under Tests/fixtures/shared/ so a fresh clone on any machine has them;
// PRAXIS_SHARED points elsewhere. Tests/fixtures/shared/README.md lists what is there.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const sharedRoot = process.env.PRAXIS_SHARED || path.join(repository, 'Tests', 'fixtures', 'shared');
export const shared = (...parts) => path.join(sharedRoot, ...parts);
