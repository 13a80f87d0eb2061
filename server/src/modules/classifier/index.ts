// Classifier (智能派单): suggests a case's category from its text (character n-grams, TF-IDF, linear SVM, all
// in process) and through the routing rules the unit; learns from the city's own cases; follows how intake used it.
// Tables owned: classifier_models (versions, one active), classifier_settings, classifier_suggestions (outcomes).
// Routes: classifier.routes (registered in http/app.ts). CLI: classifier.cli (`gongzhi classifier …`). Emits no events.
export {
  trainCityModel,
  activateModel,
  listCityModels,
  activeClassifier,
  activeGramWeight,
  MIN_TRAINING_CASES,
} from './classifier.service.ts';
export { classifierUsage, runClassifierCommand } from './classifier.cli.ts';
export { classifierModels, classifierSettings, classifierSuggestions } from './classifier.schema.ts';
export { cosine, modelWeight, plainWeight, textVector, type GramWeight, type TextVector } from './classifier.vectors.ts';
