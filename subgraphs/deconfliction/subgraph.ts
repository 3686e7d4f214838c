import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { ConsumedEvents1732200000010 } from '../../lib/events/consumer';
import { entities } from './loaders';
import { PlannedOperationResolver } from './operation/resolver';
import { WatchResolver } from './watch/resolver';
import { DeconflictionNoticeResolver } from './notice/resolver';
import { Deconfliction1732200000700 } from './migrations/1732200000700-Deconfliction';
import { Review1732200000790 } from './migrations/1732200000790-Review';
import { deconflictionConsumer } from './matching/consume';
import { noticeStreams } from './notice/stream';
import { startWebhookDeliveries } from './webhook/delivery';
import { loadWebhookPolicy, WebhookPolicy } from './webhook/policy';
import { seedDeconfliction } from './seed';

let webhooks: WebhookPolicy | null = null;
const webhookPolicy = () => (webhooks ??= loadWebhookPolicy());

/**
 * The task force's deconfliction service: planned operations checked against each other as they are
 * registered, watches, and notices to both agencies whenever one agency's record meets another's
 * operation, open case or watch (docs/deconfliction.md).
 */
export const deconfliction: SubgraphDefinition = {
  name: 'deconfliction',
  portOffset: 7,
  owner: 'The task force (every agency plans operations and watches here)',
  resolvers: [PlannedOperationResolver, WatchResolver, DeconflictionNoticeResolver],
  entities: Object.values(entities),
  migrations: [ConsumedEvents1732200000010, Deconfliction1732200000700, Review1732200000790],
  seed: seedDeconfliction,
  consumes: deconflictionConsumer(webhookPolicy),
  async alongside({ db, routes, signedByGateway, logger }) {
    webhooks = loadWebhookPolicy(); // read at each start, so a wrong file stops the service at once
    const url = (db.options as { url: string }).url;
    const streams = noticeStreams(db, url);
    routes.get('/notifications', signedByGateway, streams.route);
    // Deliveries run only where some agency has a webhook (nothing to poll otherwise).
    const deliveries = Object.keys(webhooks.agencies).length ? startWebhookDeliveries(db, url, webhookPolicy, logger) : null;
    return {
      async stop() {
        await streams.stop();
        await deliveries?.stop();
      },
    };
  },
};
