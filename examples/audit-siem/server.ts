// Ships every audit record, and every signed checkpoint, to a SIEM over HTTP while keeping the local
// hash-chained file. Run: SIEM_URL=http://127.0.0.1:8088/ingest AUDIT_ANCHOR_KEY=$(openssl rand -hex 32) \
//   node build/examples/audit-siem/server.js   (docs/audit.md, "Shipping records to a SIEM")
import 'reflect-metadata';
import { IsString, MaxLength } from 'class-validator';
import { transports } from 'winston';
import { Audit, createServer, Tool } from 'secure-mcp';

class LookupInput {
  @IsString() @MaxLength(100) customer!: string;
}

@Tool({ name: 'lookup_customer', description: 'Look up a customer', input: LookupInput })
@Audit()
class LookupCustomer {
  execute(input: LookupInput) {
    return `customer ${input.customer}: active`;
  }
}

// Any winston transport works (syslog, Splunk HEC, Datadog, Elastic, Loki...); the built-in HTTP one POSTs
// each record as one JSON object. Splunk HEC and friends need their own headers (headers: { Authorization }).
const siem = new URL(process.env.SIEM_URL ?? 'http://127.0.0.1:8088/ingest');
const toSiem = () =>
  new transports.Http({
    host: siem.hostname,
    port: Number(siem.port) || (siem.protocol === 'https:' ? 443 : 80),
    path: siem.pathname,
    ssl: siem.protocol === 'https:',
  });

void createServer({
  name: 'crm',
  version: '1.0.0',
  tools: [LookupCustomer],
  audit: {
    transports: [toSiem()], // a copy of every record
    // Checkpoints signed with AUDIT_ANCHOR_KEY (resolved like @Secret), also sent to the SIEM: the copy a local
    // attacker cannot rewrite, which `secure-mcp audit verify --anchors` compares with the file.
    anchor: { secret: 'AUDIT_ANCHOR_KEY', every: 100, everySeconds: 60, transports: [toSiem()] },
    rotate: { maxBytes: 50 * 1024 * 1024 },
  },
}).then((server) => server.listen());
