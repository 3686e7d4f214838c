import 'reflect-metadata';
import { runSubgraphProcess } from '../../lib/subgraph/process';
import { investigations } from './subgraph';

void runSubgraphProcess(investigations);
