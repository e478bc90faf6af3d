export default {
  displayName: 'pull-ingestion',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/pull-ingestion',
};
