import 'reflect-metadata';
import { runSubgraphProcess } from '../../lib/subgraph/process';
import { finance } from './subgraph';

void runSubgraphProcess(finance);
