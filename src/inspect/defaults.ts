/** How many Services, workloads and entries the topology draws before folding the rest into notes. */
export const DEFAULT_MAX_NODES = 80;
