/* paperwire_bm25(), an FTS5 auxiliary function: FTS5's own bm25() with each phrase's count of rows kept between
** queries, so that a search does not walk every phrase's whole list of rows again (docs/store.md, "The ranking").
** Loaded into each connection by src/store/sqlite/ranking.ts; built by scripts/build.mjs.
**
**   paperwire_bm25(fts_table, phrase_keys, weight_of_column_0, weight_of_column_1, ...)
**
** phrase_keys names each phrase of the MATCH expression, in FTS5's order, separated by '\x1f' (search.ts's
** phraseKeysOf): its text with its column filter and prefix mark. A phrase's count is kept under its key and its
** tokens; when the keys do not name as many phrases as FTS5 parsed, every count is taken afresh, as bm25() does.
** The score is bm25()'s, to the last bit, whenever the kept counts are exact: they are taken again whenever the
** table's row or token count has changed, except in a table of at least KEPT_APPROXIMATE_ROWS rows, where a count
** is kept until the row count has moved by more than 1 / STALE_SHARE of the count itself (so it is off by at most
** 1 %, which moves the phrase's idf by about 0.01).
*/
#include <math.h>
#include <string.h>
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1
#include "fts5.h"

/* Below this many rows a count is reused only while the table is unchanged: recounting costs little there. */
#define KEPT_APPROXIMATE_ROWS 100000
/*
** Above it, a phrase's count is taken again once the table's rows have moved by more than 1 / STALE_SHARE of the
** count: each new row may hold the phrase, so the kept count is then off by at most that share, and a phrase is
** walked again after a number of new rows in proportion to its own walk (a new word at once, "learning" after
** thousands).
*/
#define STALE_SHARE 100
/* Counts kept at most per connection; when full, all are dropped (each is retaken by the next query using it). */
#define MAX_ENTRIES 20000
#define BUCKETS 4096
#define KEY_SEPARATOR '\x1f'

/* One phrase's count of rows, and the table's row and token counts when it was taken. */
typedef struct Entry Entry;
struct Entry {
  Entry *next;
  unsigned int hash;
  sqlite3_int64 rows;
  sqlite3_int64 tokens;
  sqlite3_int64 hits;
  int nKey;
  char key[];
};

/* The counts kept for one connection (the function's user data). */
typedef struct Cache {
  Entry *buckets[BUCKETS];
  int nEntry;
  /* How many phrases' rows were walked to count them, for paperwire_fts5_walks(). */
  sqlite3_int64 nWalk;
} Cache;

/* What one query computes once: bm25's average row length, each phrase's idf, the column weights. */
typedef struct QueryData {
  int nPhrase;
  int nCol;
  double avgdl;
  double *aIDF;
  double *aFreq;
  double *aWeight;
} QueryData;

static unsigned int hashOf(const char *z, int n) {
  unsigned int h = 2166136261u;
  int i;
  for (i = 0; i < n; i++) h = (h ^ (unsigned char)z[i]) * 16777619u;
  return h;
}

static void cacheClear(Cache *p) {
  int i;
  for (i = 0; i < BUCKETS; i++) {
    Entry *e = p->buckets[i];
    while (e) {
      Entry *next = e->next;
      sqlite3_free(e);
      e = next;
    }
    p->buckets[i] = 0;
  }
  p->nEntry = 0;
}

static void cacheDestroy(void *pCache) {
  cacheClear((Cache *)pCache);
  sqlite3_free(pCache);
}

static Entry *cacheFind(Cache *p, const char *z, int n, unsigned int h) {
  Entry *e;
  for (e = p->buckets[h % BUCKETS]; e; e = e->next) {
    if (e->hash == h && e->nKey == n && memcmp(e->key, z, (size_t)n) == 0) return e;
  }
  return 0;
}

/* A kept count is still good: the table is as it was, or large and its rows moved by at most a share of the count. */
static int isFresh(const Entry *e, sqlite3_int64 rows, sqlite3_int64 tokens) {
  sqlite3_int64 moved;
  if (e->rows == rows && e->tokens == tokens) return 1;
  if (e->rows < KEPT_APPROXIMATE_ROWS) return 0;
  moved = rows > e->rows ? rows - e->rows : e->rows - rows;
  return moved * STALE_SHARE <= e->hits;
}

static int countCallback(const Fts5ExtensionApi *pApi, Fts5Context *pFts, void *pUserData) {
  (void)pApi;
  (void)pFts;
  (*(sqlite3_int64 *)pUserData)++;
  return SQLITE_OK;
}

/* A growable byte buffer for a phrase's key. */
typedef struct Buffer {
  char *z;
  int n;
  int nAlloc;
} Buffer;

static int bufferAppend(Buffer *b, const char *z, int n) {
  if (b->n + n + 1 > b->nAlloc) {
    int nNew = (b->n + n + 1) * 2;
    char *zNew = (char *)sqlite3_realloc(b->z, nNew);
    if (zNew == 0) return SQLITE_NOMEM;
    b->z = zNew;
    b->nAlloc = nNew;
  }
  memcpy(b->z + b->n, z, (size_t)n);
  b->n += n;
  return SQLITE_OK;
}

/*
** Phrase iPhrase's count of rows: kept under its key (the caller's name for it, then its tokens as FTS5 parsed them,
** which the name cannot contradict) while fresh, else counted as bm25() counts it and kept.
*/
static int phraseHits(const Fts5ExtensionApi *pApi, Fts5Context *pFts, Cache *pCache, int iPhrase,
                      const char *zName, int nName, sqlite3_int64 rows, sqlite3_int64 tokens,
                      sqlite3_int64 *pHits) {
  Buffer key = {0, 0, 0};
  int rc = bufferAppend(&key, zName, nName);
  int i;
  int nToken = pApi->xPhraseSize(pFts, iPhrase);
  char nCol = (char)pApi->xColumnCount(pFts);
  if (rc == SQLITE_OK) rc = bufferAppend(&key, &nCol, 1);
  for (i = 0; rc == SQLITE_OK && pApi->iVersion >= 3 && i < nToken; i++) {
    const char *zToken = 0;
    int nTokenBytes = 0;
    rc = pApi->xQueryToken(pFts, iPhrase, i, &zToken, &nTokenBytes);
    if (rc == SQLITE_OK) rc = bufferAppend(&key, "\x1e", 1);
    if (rc == SQLITE_OK) rc = bufferAppend(&key, zToken, nTokenBytes);
  }
  if (rc == SQLITE_OK) {
    unsigned int h = hashOf(key.z, key.n);
    Entry *e = cacheFind(pCache, key.z, key.n, h);
    if (e != 0 && isFresh(e, rows, tokens)) {
      *pHits = e->hits;
    } else {
      sqlite3_int64 hits = 0;
      pCache->nWalk++;
      rc = pApi->xQueryPhrase(pFts, iPhrase, (void *)&hits, countCallback);
      if (rc == SQLITE_OK) {
        *pHits = hits;
        if (e == 0) {
          if (pCache->nEntry >= MAX_ENTRIES) cacheClear(pCache);
          e = (Entry *)sqlite3_malloc64(sizeof(Entry) + (sqlite3_uint64)key.n);
          if (e != 0) {
            e->hash = h;
            e->nKey = key.n;
            memcpy(e->key, key.z, (size_t)key.n);
            e->next = pCache->buckets[h % BUCKETS];
            pCache->buckets[h % BUCKETS] = e;
            pCache->nEntry++;
          }
        }
        if (e != 0) {
          e->rows = rows;
          e->tokens = tokens;
          e->hits = hits;
        }
      }
    }
  }
  sqlite3_free(key.z);
  return rc;
}

/* The query's data, made at its first row as fts5Bm25GetData makes bm25()'s, with kept counts where named. */
static int queryDataOf(const Fts5ExtensionApi *pApi, Fts5Context *pFts, int nVal, sqlite3_value **apVal,
                       QueryData **ppData) {
  int rc = SQLITE_OK;
  QueryData *p = (QueryData *)pApi->xGetAuxdata(pFts, 0);
  if (p == 0) {
    Cache *pCache = (Cache *)pApi->xUserData(pFts);
    int nPhrase = pApi->xPhraseCount(pFts);
    int nCol = pApi->xColumnCount(pFts);
    sqlite3_int64 nRow = 0;
    sqlite3_int64 nToken = 0;
    const char *zKeys = nVal > 0 ? (const char *)sqlite3_value_text(apVal[0]) : 0;
    int nKeys = nVal > 0 ? sqlite3_value_bytes(apVal[0]) : 0;
    int nName = 0;
    int i;
    p = (QueryData *)sqlite3_malloc64(sizeof(QueryData) + (sqlite3_uint64)(nPhrase * 2 + nCol) * sizeof(double));
    if (p == 0) return SQLITE_NOMEM;
    memset(p, 0, sizeof(QueryData) + (size_t)(nPhrase * 2 + nCol) * sizeof(double));
    p->nPhrase = nPhrase;
    p->nCol = nCol;
    p->aIDF = (double *)&p[1];
    p->aFreq = &p->aIDF[nPhrase];
    p->aWeight = &p->aFreq[nPhrase];
    for (i = 0; i < nCol; i++) p->aWeight[i] = nVal > i + 1 ? sqlite3_value_double(apVal[i + 1]) : 1.0;

    rc = pApi->xRowCount(pFts, &nRow);
    if (rc == SQLITE_OK) rc = pApi->xColumnTotalSize(pFts, -1, &nToken);
    if (rc == SQLITE_OK) p->avgdl = (double)nToken / (double)nRow;

    /* The keys name the phrases only when there is one key per phrase. */
    if (zKeys != 0) {
      int nSeparator = 0;
      for (i = 0; i < nKeys; i++) nSeparator += zKeys[i] == KEY_SEPARATOR;
      if (nSeparator + 1 != nPhrase) zKeys = 0;
    }
    for (i = 0; rc == SQLITE_OK && i < nPhrase; i++) {
      sqlite3_int64 nHit = 0;
      if (zKeys != 0) {
        const char *zEnd = memchr(zKeys + nName, KEY_SEPARATOR, (size_t)(nKeys - nName));
        int nThis = zEnd == 0 ? nKeys - nName : (int)(zEnd - (zKeys + nName));
        rc = phraseHits(pApi, pFts, pCache, i, zKeys + nName, nThis, nRow, nToken, &nHit);
        nName += nThis + 1;
      } else {
        pCache->nWalk++;
        rc = pApi->xQueryPhrase(pFts, i, (void *)&nHit, countCallback);
      }
      if (rc == SQLITE_OK) {
        /* bm25()'s IDF, with its floor: a phrase in more than half of the rows weighs almost nothing. */
        double idf = log((nRow - nHit + 0.5) / (nHit + 0.5));
        if (idf <= 0.0) idf = 1e-6;
        p->aIDF[i] = idf;
      }
    }
    if (rc != SQLITE_OK) {
      sqlite3_free(p);
    } else {
      rc = pApi->xSetAuxdata(pFts, p, sqlite3_free);
    }
    if (rc != SQLITE_OK) p = 0;
  }
  *ppData = p;
  return rc;
}

/* bm25() of the current row, term for term as fts5Bm25Function computes it. */
static void paperwireBm25(const Fts5ExtensionApi *pApi, Fts5Context *pFts, sqlite3_context *pCtx, int nVal,
                          sqlite3_value **apVal) {
  const double k1 = 1.2;
  const double b = 0.75;
  double score = 0.0;
  QueryData *pData = 0;
  int nInst = 0;
  double D = 0.0;
  int i;
  int rc = queryDataOf(pApi, pFts, nVal, apVal, &pData);
  if (rc == SQLITE_OK) {
    memset(pData->aFreq, 0, sizeof(double) * (size_t)pData->nPhrase);
    rc = pApi->xInstCount(pFts, &nInst);
  }
  for (i = 0; rc == SQLITE_OK && i < nInst; i++) {
    int ip, ic, io;
    rc = pApi->xInst(pFts, i, &ip, &ic, &io);
    if (rc == SQLITE_OK) pData->aFreq[ip] += ic < pData->nCol ? pData->aWeight[ic] : 1.0;
  }
  if (rc == SQLITE_OK) {
    int nTok = 0;
    rc = pApi->xColumnSize(pFts, -1, &nTok);
    D = (double)nTok;
  }
  if (rc == SQLITE_OK) {
    for (i = 0; i < pData->nPhrase; i++) {
      double f = pData->aFreq[i];
      score += pData->aIDF[i] * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * D / pData->avgdl)));
    }
    sqlite3_result_double(pCtx, -1.0 * score);
  } else {
    sqlite3_result_error_code(pCtx, rc);
  }
}

/* paperwire_fts5_walks(): how many phrase counts this connection has taken by walking rows, for the tests. */
static void walksFunction(sqlite3_context *pCtx, int nVal, sqlite3_value **apVal) {
  (void)nVal;
  (void)apVal;
  sqlite3_result_int64(pCtx, ((Cache *)sqlite3_user_data(pCtx))->nWalk);
}

/* The connection's fts5_api, as SQLite's documentation of FTS5 extensions obtains it. */
static fts5_api *fts5ApiOf(sqlite3 *db) {
  fts5_api *pRet = 0;
  sqlite3_stmt *pStmt = 0;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &pStmt, 0) == SQLITE_OK) {
    sqlite3_bind_pointer(pStmt, 1, (void *)&pRet, "fts5_api_ptr", 0);
    sqlite3_step(pStmt);
  }
  sqlite3_finalize(pStmt);
  return pRet;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_paperwirefts_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  fts5_api *fts5;
  Cache *pCache;
  int rc;
  SQLITE_EXTENSION_INIT2(pApi);
  fts5 = fts5ApiOf(db);
  if (fts5 == 0 || fts5->iVersion < 2) {
    *pzErrMsg = sqlite3_mprintf("paperwire_bm25: this SQLite has no FTS5 API of version 2 or later");
    return SQLITE_ERROR;
  }
  pCache = (Cache *)sqlite3_malloc64(sizeof(Cache));
  if (pCache == 0) return SQLITE_NOMEM;
  memset(pCache, 0, sizeof(Cache));
  /* Registered first: the cache belongs to paperwire_bm25, which frees it when the connection closes. */
  rc = sqlite3_create_function(db, "paperwire_fts5_walks", 0, SQLITE_UTF8, (void *)pCache, walksFunction, 0, 0);
  if (rc == SQLITE_OK) {
    rc = fts5->xCreateFunction(fts5, "paperwire_bm25", (void *)pCache, paperwireBm25, cacheDestroy);
    if (rc != SQLITE_OK) sqlite3_create_function(db, "paperwire_fts5_walks", 0, SQLITE_UTF8, 0, 0, 0, 0);
  }
  if (rc != SQLITE_OK) sqlite3_free(pCache);
  return rc;
}
