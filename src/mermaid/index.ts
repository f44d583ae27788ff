export { decodeEntities, escapeText, visibleText } from './escape.ts';
export { FLOW_DIRECTIONS, Flowchart, type FlowDirection, type FlowScope, type NodeRef } from './flowchart.ts';
export { type Participant, SequenceDiagram } from './sequence.ts';
export { BlockDiagram } from './block.ts';
