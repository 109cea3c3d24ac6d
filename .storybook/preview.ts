import type { Preview } from '@storybook/react-vite';
import { applyTheme, readThemeChoice } from '../src/app/theme';
import '../src/app/styles.css';

// stories follow the system theme (or the one chosen in the app), as the app does
applyTheme(readThemeChoice(), false);

const preview: Preview = {
  parameters: {
    controls: { expanded: true },
  },
};
export default preview;
