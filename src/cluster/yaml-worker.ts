/** Worker thread entry (dist/cluster-yaml-worker.mjs): parse one piece of a large YAML stream. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseYamlDocuments } from './yaml-documents.ts';

parentPort?.postMessage(parseYamlDocuments(String(workerData)));
