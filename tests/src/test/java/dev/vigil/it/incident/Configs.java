package dev.vigil.it.incident;

/** The topology the incident tests run with (events/incident-recorded/shop.yaml): a shop behind an ALB, and a payments worker on a queue. */
public final class Configs {

    public static final String SHOP = read("incident/shop.yaml");

    private Configs() {
    }

    static String read(String resource) {
        try (java.io.InputStream in = Configs.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String shopWith(String extra) {
        return SHOP + extra;
    }
}
