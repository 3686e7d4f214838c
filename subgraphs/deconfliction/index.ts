import '../../lib/observability/tracing-preload'; // first: instruments http and pg before they load
import 'reflect-metadata';
import { runSubgraphProcess } from '../../lib/subgraph/process';
import { deconfliction } from './subgraph';

void runSubgraphProcess(deconfliction);
