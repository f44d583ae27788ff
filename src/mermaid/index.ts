export { Flowchart, FLOW_DIRECTIONS, type FlowDirection, type NodeRef, type FlowScope } from './flowchart.ts';
export { SequenceDiagram, type Participant } from './sequence.ts';
export { escapeText, decodeEntities, visibleText } from './escape.ts';
