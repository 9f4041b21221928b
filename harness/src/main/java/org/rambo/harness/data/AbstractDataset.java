package org.rambo.harness.data;

import java.nio.file.Path;
import java.util.List;

/** Holds the lists; subclasses only parse. */
abstract class AbstractDataset implements RetrievalDataset {
    private final Path root;
    private final List<Item> train;
    private final List<Item> query;
    private final List<Item> gallery;
    private final List<Path> indexFiles;
    private String checksum;

    AbstractDataset(Path root, List<Item> train, List<Item> query, List<Item> gallery, List<Path> indexFiles) {
        this.root = root;
        this.train = List.copyOf(train);
        this.query = List.copyOf(query);
        this.gallery = gallery == query ? this.query : List.copyOf(gallery);
        this.indexFiles = List.copyOf(indexFiles);
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public List<Item> train() {
        return train;
    }

    @Override
    public List<Item> query() {
        return query;
    }

    @Override
    public List<Item> gallery() {
        return gallery;
    }

    @Override
    public boolean selfRetrieval() {
        return query == gallery;
    }

    @Override
    public synchronized String checksum() {
        if (checksum == null) {
            checksum = IndexFiles.checksum(
                    root, indexFiles, selfRetrieval() ? List.of(train, query) : List.of(train, query, gallery));
        }
        return checksum;
    }

    @Override
    public String toString() {
        return name() + "[" + root + ": train " + train.size() + ", query " + query.size() + ", gallery "
                + gallery.size() + "]";
    }
}
