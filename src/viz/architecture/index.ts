export { ArchitectureView, type ArchitectureViewProps } from './ArchitectureView';
export { architectureLayout, type ArchitectureLayout } from './layout';
export { formatCount, parameterFigures } from './figures';
