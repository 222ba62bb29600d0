package org.dayuan.twin.core.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.ThingModel;
import org.dayuan.twin.ThingModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Thing Models installed now, each resolved and compiled once, by Ditto definition id, with the bundle that
 * brought it. Bundles come and go ({@link #add}, {@link #remove}); a model that cannot be read, resolved or compiled
 * is logged once with its bundle and file and left out, and the bundle's other models still load. A definition id
 * belongs to the first bundle that brought it: a second bundle's model with the same id is logged and refused.
 * Reads see one consistent set of models at a time.
 */
public final class ModelCatalog implements ThingModels {
    /** The key under which a model names its own Ditto definition id. */
    static final String DEFINITION_KEY = "dayuan:definition";
    /**
     * {@code "dayuan:kind": "feature"} makes a model a feature model without a thing model linking it: a line's
     * feature on a platform thing (the fleet line's {@code terminal} on a Vehicle), which the platform's model cannot
     * link because it does not know the line.
     */
    static final String KIND_KEY = "dayuan:kind";
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUBMODEL = "tm:submodel";
    private static final String INSTANCE_NAME = "instanceName";
    private static final String PROPERTY_POINTER = "#/properties/";
    /** Required actions and events need no data in the twin (Ditto sends them as messages), so no check. */
    private static final List<String> MESSAGE_POINTERS = List.of("#/actions/", "#/events/");

    /** One installed model: what the API shows, what the validator checks, and the raw model links resolve to. */
    private record Installed(ThingModel model, CompiledModel compiled, ObjectNode raw) {
    }

    /** What adding a bundle's models did: the models installed, and why each other file was left out. */
    public record Installation(List<ThingModel> installed, List<String> refused) {
    }

    /** Replaced whole under the monitor, read without it: a read sees one bundle's models all or none. */
    private volatile Map<String, Installed> byDefinition = Map.of();
    /** Definition ids whose bundle stopped, to the bundle: a write naming one is told to install the line again. */
    private final Map<String, String> removed = new ConcurrentHashMap<>();

    /** A catalogue of the models in one class path directory, e.g. twin-models' for tests outside OSGi. */
    public static ModelCatalog of(String bundle, URL directory) {
        ModelCatalog catalog = new ModelCatalog();
        catalog.add(bundle, filesIn(directory));
        return catalog;
    }

    /**
     * The Thing Model files ({@code *.tm.jsonld}) in a directory of the class path, by name; for use outside OSGi,
     * where the extender asks the bundle instead. Works on a directory and in a jar.
     */
    public static List<URL> filesIn(URL directory) {
        try {
            URI uri = directory.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return list(fs.provider().getPath(uri));
            }
            return list(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a directory of the class path: " + directory, e);
        } catch (IOException e) {
            throw new UncheckedIOException("The directory " + directory + " cannot be listed.", e);
        }
    }

    private static List<URL> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<URL> out = new ArrayList<>();
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(MODEL_SUFFIX)).sorted().toList()) {
                out.add(p.toUri().toURL());
            }
            return out;
        }
    }

    /** Installs the models in {@code files} (Thing Model files, named {@code <Type>.tm.jsonld}) for a bundle. */
    public Installation add(String bundle, List<URL> files) {
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (URL url : files) {
            String path = url.getPath();
            String file = path.substring(path.lastIndexOf('/') + 1);
            try (InputStream in = url.openStream()) {
                sources.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                refused.add(refuse(bundle, file, "cannot be read: " + e.getMessage()));
            }
        }
        Installation installation = add(bundle, sources);
        refused.addAll(installation.refused());
        return new Installation(installation.installed(), refused);
    }

    /**
     * Installs a bundle's models, given as file name ({@code <Type>.tm.jsonld}) to the model's JSON text. Links to
     * other models ({@code ./Other.tm.jsonld}) are resolved among the bundle's own files first, then among the
     * models installed.
     */
    public synchronized Installation add(String bundle, Map<String, String> sources) {
        List<String> refused = new ArrayList<>();
        Map<String, ObjectNode> raw = new LinkedHashMap<>();
        sources.forEach((file, text) -> {
            if (!file.endsWith(MODEL_SUFFIX) || file.length() == MODEL_SUFFIX.length()) {
                refused.add(refuse(bundle, file, "is not named <Type>" + MODEL_SUFFIX));
                return;
            }
            try {
                if (MAPPER.readTree(text) instanceof ObjectNode model) {
                    raw.put(file.substring(0, file.length() - MODEL_SUFFIX.length()), model);
                } else {
                    refused.add(refuse(bundle, file, "is not a JSON object"));
                }
            } catch (IOException e) {
                refused.add(refuse(bundle, file, "is not well-formed JSON: " + e.getMessage()));
            }
        });
        Map<String, Installed> current = byDefinition;
        ModelResolver resolver = new ModelResolver(type -> {
            ObjectNode own = raw.get(type);
            return own != null ? own : installedRaw(current, type).orElseThrow(() -> new IllegalStateException(
                    "It links the model " + type + MODEL_SUFFIX + ", which neither its bundle nor any installed one"
                            + " has."));
        });
        Map<String, ObjectNode> resolved = new LinkedHashMap<>();
        Map<String, String> definitions = new LinkedHashMap<>();
        current.values().forEach(i -> definitions.putIfAbsent(i.model().type(), i.model().definition()));
        for (Map.Entry<String, ObjectNode> e : raw.entrySet()) {
            String type = e.getKey();
            try {
                ObjectNode model = resolver.resolve(type);
                String definition = model.path(DEFINITION_KEY).asText();
                if (definition.isEmpty()) {
                    throw new IllegalStateException("It names no " + DEFINITION_KEY + ".");
                }
                resolved.put(type, model);
                definitions.put(type, definition);
            } catch (RuntimeException ex) {
                refused.add(refuse(bundle, type + MODEL_SUFFIX, "cannot be resolved: " + ex.getMessage()));
            }
        }
        Set<String> features = new HashSet<>();
        Stream.concat(resolved.values().stream(), current.values().stream().map(Installed::raw))
                .forEach(m -> features.addAll(submodelTypes(m)));
        resolved.forEach((type, model) -> {
            if ("feature".equals(model.path(KIND_KEY).asText())) {
                features.add(type);
            }
        });
        Map<String, Installed> next = new LinkedHashMap<>(current);
        List<ThingModel> installed = new ArrayList<>();
        resolved.forEach((type, model) -> {
            String file = type + MODEL_SUFFIX;
            String definition = definitions.get(type);
            Installed first = next.get(definition);
            if (first != null) {
                refused.add(refuse(bundle, file, "defines " + definition + ", which the bundle "
                        + first.model().bundle() + " brought first"));
                return;
            }
            try {
                ThingModel.Kind kind = features.contains(type) ? ThingModel.Kind.FEATURE : ThingModel.Kind.THING;
                CompiledModel compiled = compile(type, model, kind, definitions);
                ThingModel info = new ThingModel(definition, type, kind, model.path("title").asText(),
                        model.path("description").asText(), bundle, sources.get(file));
                next.put(definition, new Installed(info, compiled, raw.get(type)));
                installed.add(info);
                removed.remove(definition);
            } catch (RuntimeException ex) {
                refused.add(refuse(bundle, file, "cannot be compiled: " + ex.getMessage()));
            }
        });
        byDefinition = Collections.unmodifiableMap(next);
        return new Installation(List.copyOf(installed), List.copyOf(refused));
    }

    /** Removes every model a bundle brought; twins that name them stay as they are. Returns how many. */
    public synchronized int remove(String bundle) {
        Map<String, Installed> next = new LinkedHashMap<>(byDefinition);
        int before = next.size();
        next.values().removeIf(i -> {
            boolean ours = i.model().bundle().equals(bundle);
            if (ours) {
                removed.put(i.model().definition(), bundle);
            }
            return ours;
        });
        byDefinition = Collections.unmodifiableMap(next);
        return before - next.size();
    }

    @Override
    public List<ThingModel> installed() {
        return byDefinition.values().stream().map(Installed::model).toList();
    }

    @Override
    public Optional<ThingModel> find(String definition) {
        return Optional.ofNullable(byDefinition.get(definition)).map(Installed::model);
    }

    /** The compiled model with this Ditto definition id, while installed. */
    Optional<CompiledModel> get(String definition) {
        return Optional.ofNullable(byDefinition.get(definition)).map(Installed::compiled);
    }

    /** The bundle that brought this definition id and has stopped since, unless it is installed again. */
    Optional<String> removedWith(String definition) {
        return Optional.ofNullable(removed.get(definition));
    }

    /** How many models are installed. */
    public int size() {
        return byDefinition.size();
    }

    private static String refuse(String bundle, String file, String why) {
        String message = "The Thing Model " + ThingModels.MODELS_PATH + "/" + file + " of bundle " + bundle + " "
                + why + "; it is left out.";
        LOG.warn(message);
        return message;
    }

    private static Optional<ObjectNode> installedRaw(Map<String, Installed> installed, String type) {
        return installed.values().stream().filter(i -> i.model().type().equals(type)).findFirst()
                .map(Installed::raw);
    }

    private static Set<String> submodelTypes(ObjectNode model) {
        Set<String> out = new HashSet<>();
        for (JsonNode link : model.path(ModelResolver.LINKS)) {
            if (SUBMODEL.equals(link.path(ModelResolver.REL).asText())) {
                try {
                    out.add(ModelResolver.typeOf(link.path(ModelResolver.HREF).asText()));
                } catch (IllegalStateException e) {
                    // A bad link fails the linking model's own compilation, which says so.
                }
            }
        }
        return out;
    }

    private static CompiledModel compile(String type, ObjectNode model, ThingModel.Kind kind,
                                         Map<String, String> definitions) {
        String definition = definitions.get(type);
        Schema properties = SchemaCompiler.affordances(model.path(ModelResolver.PROPERTIES), required(type, model),
                definition);
        Map<String, String> submodels = new LinkedHashMap<>();
        for (JsonNode link : model.path(ModelResolver.LINKS)) {
            if (SUBMODEL.equals(link.path(ModelResolver.REL).asText())) {
                String target = ModelResolver.typeOf(link.path(ModelResolver.HREF).asText());
                String instance = link.path(INSTANCE_NAME).asText();
                if (!definitions.containsKey(target) || instance.isEmpty()) {
                    throw new IllegalStateException("The model " + type + " links submodel " + target
                            + " without an instanceName or to a model that is not loaded.");
                }
                submodels.put(instance, definitions.get(target));
            }
        }
        return new CompiledModel(definition, kind, properties, properties.withoutRequired(), submodels);
    }

    /** The names of the properties {@code tm:required} lists. */
    private static List<String> required(String type, ObjectNode model) {
        return streamOf(model.path(ModelResolver.REQUIRED))
                .filter(r -> MESSAGE_POINTERS.stream().noneMatch(r::startsWith))
                .map(r -> {
                    if (!r.startsWith(PROPERTY_POINTER) || r.length() == PROPERTY_POINTER.length()) {
                        throw new IllegalStateException("The model " + type + " requires <" + r
                                + ">, which is not an affordance pointer.");
                    }
                    return r.substring(PROPERTY_POINTER.length());
                })
                .toList();
    }

    private static Stream<String> streamOf(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText);
    }
}
