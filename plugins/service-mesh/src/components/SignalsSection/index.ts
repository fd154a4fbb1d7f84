export { CurrentSignals } from './CurrentSignals';
export { SignalCharts } from './SignalCharts';
