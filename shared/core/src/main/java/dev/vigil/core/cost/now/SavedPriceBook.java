package dev.vigil.core.cost.now;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prices from saved {@code GetProducts} responses ({@code vigil cost-now --prices DIR}): every {@code *.json} file
 * under the directory is one response (the API's own JSON). A key is answered by the products whose attributes
 * match all its filters; none is an unpriced change.
 */
public final class SavedPriceBook implements PriceBook {

    private final List<PriceList.Product> products;

    public SavedPriceBook(List<PriceList.Product> products) {
        this.products = List.copyOf(products);
    }

    public static SavedPriceBook fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--prices: not a directory: " + dir);
        }
        List<PriceList.Product> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    all.addAll(PriceList.parseResponse(Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--prices: " + f + " is not a GetProducts response: "
                            + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SavedPriceBook(all);
    }

    public int size() {
        return products.size();
    }

    @Override
    public Quote quote(PriceKey key) {
        return PriceList.choose(key, products);
    }
}
