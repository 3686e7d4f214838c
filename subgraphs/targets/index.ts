import 'reflect-metadata';
import { runSubgraphProcess } from '../../lib/subgraph/process';
import { targets } from './subgraph';

void runSubgraphProcess(targets);
