export default {
  displayName: 'tools',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/generators',
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
};
