import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const UI_LIBS = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'd3', 'd3-*'];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-e2e',
      'storybook-static',
      'node_modules',
      'public',
      'bench/results',
      'tmp',
      '.checkpoints',
      '!.storybook',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The model core is pure TypeScript on tfjs-core: no UI libraries, no DOM.
    files: ['src/model/**/*.ts', 'src/train/**/*.ts', 'src/rl/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: UI_LIBS, message: 'The model core must not import UI libraries.' }] },
      ],
      'no-restricted-globals': [
        'error',
        ...['document', 'window', 'navigator', 'localStorage', 'HTMLElement', 'requestAnimationFrame'].map((name) => ({
          name,
          message: 'The model core must not touch the DOM.',
        })),
      ],
    },
  },
  {
    // The UI never calls tfjs: it talks to the worker.
    files: ['src/app/**/*.{ts,tsx}', 'src/viz/**/*.{ts,tsx}', 'src/state/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tensorflow/*'], message: 'The UI talks to the worker, never to tfjs.' }] },
      ],
    },
  },
);
