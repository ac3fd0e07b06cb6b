package dev.mariposa.research;

import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.Phenotype;
import io.jenetics.engine.Engine;
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.Limits;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A genetic search with Jenetics: one IntegerChromosome per parameter over the index of its
 * values, tournament selection, single-point crossover and mutation (Jenetics' defaults), the
 * population and the generations from the trial budget. Jenetics runs on this thread with a seeded
 * generator (so the same seed evolves the same way); a generation's new sets are run in parallel by
 * the trial runner, and a set seen before comes from the store.
 */
final class EvolutionarySearch implements Search {
  private static final double OFFSPRING_FRACTION = 0.6;
  private final SearchSpace space;
  private final int trials;
  private final long seed;
  private final int population;
  private final int offspring;
  private final int generations;

  EvolutionarySearch(SearchSpace space, int trials, long seed) {
    this.space = space;
    this.trials = trials;
    this.seed = seed;
    this.population = Math.max(6, Math.min(50, trials / 8));
    this.offspring = (int) Math.round(population * OFFSPRING_FRACTION);
    this.generations = 1 + (int) Math.ceil(Math.max(0, trials - population) / (double) offspring);
  }

  @Override
  public long planned() {
    return population + (long) (generations - 1) * offspring;
  }

  @Override
  public List<Trial> run(TrialRunner runner, TrialRunner.Period period) {
    Map<String, Trial> seen = new LinkedHashMap<>();
    Evaluator<IntegerGene, Double> evaluator = phenotypes -> {
      List<int[]> sets = new ArrayList<>();
      for (Phenotype<IntegerGene, Double> p : phenotypes) {
        if (!p.isEvaluated()) {
          sets.add(index(p.genotype()));
        }
      }
      List<Trial> trials = runner.evaluate(period, sets);
      trials.forEach(t -> seen.putIfAbsent(t.key(), t));
      List<Phenotype<IntegerGene, Double>> out = new ArrayList<>();
      int next = 0;
      for (Phenotype<IntegerGene, Double> p : phenotypes) {
        out.add(p.isEvaluated() ? p : p.withFitness(trials.get(next++).fitness()));
      }
      return ISeq.of(out);
    };
    List<IntegerChromosome> chromosomes = space.parameters().stream()
        .map(p -> IntegerChromosome.of(0, p.values().size())) // the upper bound is exclusive
        .toList();
    Engine<IntegerGene, Double> engine = new Engine.Builder<>(evaluator, Genotype.of(chromosomes))
        .populationSize(population)
        .offspringFraction(OFFSPRING_FRACTION)
        .maximizing()
        .executor(Runnable::run) // selection and alteration here, in order: the seed decides them alone
        .build();
    RandomRegistry.with(new SplittableRandom(seed), random -> engine.stream()
        .limit(Limits.byFixedGeneration(generations))
        .collect(EvolutionResult.toBestEvolutionResult()));
    return List.copyOf(seen.values());
  }

  private static int[] index(Genotype<IntegerGene> genotype) {
    int[] index = new int[genotype.length()];
    for (int i = 0; i < index.length; i++) {
      index[i] = genotype.get(i).gene().allele();
    }
    return index;
  }

  @Override
  public JsonObject describe() {
    return new JsonObject().put("kind", "evolve").put("trials", trials).put("seed", seed).put("population", population)
        .put("generations", generations).put("gridSets", space.size());
  }
}
