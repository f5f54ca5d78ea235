export {
  CONFIG_MAX_BYTES,
  ConfigFileError,
  readConfigBytesSync,
  readConfigFile,
  readConfigFileSync,
  type ReadConfigFileOptions,
} from './read-config-file';
