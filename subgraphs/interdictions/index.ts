import 'reflect-metadata';
import { runSubgraphProcess } from '../../lib/subgraph/process';
import { interdictions } from './subgraph';

void runSubgraphProcess(interdictions);
