// Bundle-time replacement for the `string-width` package that cli-table3 calls for every cell.
// string-width@4 builds its ANSI and emoji regular expressions on each call (≈25 ms for one
// comparison table); k8snet's own measure gives the same widths for the text it prints.
module.exports = require('../../src/renderers/text-width.ts').textWidth;
