// paths.mjs - where things are: the repository's root and the ignored
// artifacts folder (tests/artifacts) that logs, screenshots and the seeded
// database cache go to.

import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
