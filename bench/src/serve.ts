// A scenario's server over stdio: node bench/dist/serve.js <scenario> '<ServerConfig json>'
import { makeServer, type ScenarioId } from './scenarios';

(async () => {
  const [id, cfg] = process.argv.slice(2);
  const served = await makeServer(id as ScenarioId, JSON.parse(cfg));
  await served.listenStdio();
})().catch((error) => {
  process.stderr.write(`serve: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
