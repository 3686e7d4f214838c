import 'reflect-metadata';
import { runSubgraphProcess } from '../../lib/subgraph/process';
import { audit } from './subgraph';

void runSubgraphProcess(audit);
