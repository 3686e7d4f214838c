import 'reflect-metadata';
import { runSubgraphProcess } from '../../lib/subgraph/process';
import { travel } from './subgraph';

void runSubgraphProcess(travel);
