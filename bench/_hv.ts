import { measureHoverLatency } from './hover-latency';

console.log(JSON.stringify(await measureHoverLatency()));
