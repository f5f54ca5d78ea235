export { CallTelemetry, ATTR as TELEMETRY_ATTRIBUTES, type TelemetryOptions } from './call-telemetry';
