#!/usr/bin/env node
// The built entry point; run `npm run build` after changing src/ or data/.
import '../dist/k8snet.mjs';
