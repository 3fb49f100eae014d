#!/usr/bin/env node
// The `tessera` command: the compiled CLI (npm run build makes dist/).
import '../dist/bin.js';
